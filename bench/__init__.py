"""The benchmark suite of issue 8: bench/run.py (make bench), bench/load.py (make load). See bench/README.md."""

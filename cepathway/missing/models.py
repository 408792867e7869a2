"""Missing episodes, return home interviews and the triggers that prompt CERAR."""

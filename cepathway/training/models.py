"""Each professional's child exploitation training and each organisation's CE champions."""

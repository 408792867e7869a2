"""The registers of persons, places, vehicles and phones of concern; matching, merging, the network, disruption."""

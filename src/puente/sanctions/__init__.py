"""Sanctions: the OFAC SDN list, Kingpin Act designations, screening, audit."""

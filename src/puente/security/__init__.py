"""Security cooperation (the Mérida goals): drugs, money and encounters from CBP's public data."""

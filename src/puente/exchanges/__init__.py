"""Exchanges: the directory of U.S.–Mexico exchange programs (YLAI, SUSI, Jóvenes en Acción,
Access, English Language Fellows, the Ambassadors Fund, Fulbright-García Robles, IVLP ...),
with filters by audience, direction, age and duration, built from a project data file."""

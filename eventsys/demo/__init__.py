"""Demo data: the real ASCN 2019-2020 series (see data.py) and `flask seed-demo`."""

"""pitboard — timing & scoring, official results and championships for GT and endurance racing."""

__version__ = "0.1.0"

"""rbctl: records, checks, scores and reports of a Tim Reformasi Birokrasi."""

__version__ = "0.1.0"

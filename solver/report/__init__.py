"""Plots and reports (matplotlib, Agg backend; rank 0 only)."""

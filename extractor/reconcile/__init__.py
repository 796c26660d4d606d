"""Reconciliation: plain functions over claim records that return DataFrames."""

"""Pages of the recordals app: holders' filings, the review desk, officers' search, public lookup, files."""

"""The superior's summary report of a congress campaign: the roll-up (pure), its prose,
its charts and its documents (DOCX, PDF, XLSX, JSON)."""

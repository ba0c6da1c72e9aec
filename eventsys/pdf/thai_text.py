"""Exact Thai text in WeasyPrint's PDF text layer (issue: Thai text that copies exactly).

Placeholder until the fix lands: importing this module changes nothing yet.
"""

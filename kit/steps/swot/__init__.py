"""swot"""

"""roleplay"""

"""The Workshop's methods, one module per workshop step (each a mixin of :class:`kit.Workshop`)."""

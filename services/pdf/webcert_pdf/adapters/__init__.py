"""The PDF writer behind one interface (``Renderer``): reportlab, and a fake for tests."""

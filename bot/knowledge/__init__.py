"""The knowledge digest: schema, loader and provenance checks."""

from bot.knowledge.loader import Entry, KnowledgeBase, KnowledgeError, Problem, Report, load_knowledge

__all__ = ["Entry", "KnowledgeBase", "KnowledgeError", "Problem", "Report", "load_knowledge"]

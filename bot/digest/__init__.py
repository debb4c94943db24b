"""The daily digest: one finding posted to subscribed channels each working morning (issue #5)."""

"""What members make besides reviews and chapters: study notes, posts, weekly logs, and each member's portfolio."""

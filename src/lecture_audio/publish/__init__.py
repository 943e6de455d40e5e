"""Publishing: MP3 episodes with chapters, and the podcast feed."""

"""An offline stand-in for the Gemini API that speaks its real wire protocol."""

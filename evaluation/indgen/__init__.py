"""indgen: an independent generator of labelled Vietnamese civil-status scans, written from the
official templates (not from sohoa's own sample generator) so the extractor can be measured on
pages it was not tuned on. See README.md here for the seed policy."""

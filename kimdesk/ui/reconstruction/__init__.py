"""Case reconstructions on screen: the editor, the service-chain diagram, the review."""

from kimdesk.ui.reconstruction.diagram import ChainView
from kimdesk.ui.reconstruction.editor import ReconstructionEditor
from kimdesk.ui.reconstruction.review_dialog import ReviewDialog

__all__ = ["ChainView", "ReconstructionEditor", "ReviewDialog"]

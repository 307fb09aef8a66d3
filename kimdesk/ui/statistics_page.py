"""Statistik as a desk page: the release is computed on the store worker, not the GUI thread."""

from kimdesk.ui.statistics_view import StatisticsView
from kimdesk.ui.view import Context


class StatisticsPage(StatisticsView):
    """The exact tables sync would send for a period, computed in the background."""

    def __init__(self, ctx: Context) -> None:
        from kimdesk.privacy.payload import build_release

        store = ctx.desk.store
        self.ctx = ctx
        super().__init__(lambda period: build_release(store, period), autoload=False)
        self._loaded = False

    def activate(self) -> None:
        if not self._loaded:
            self.reload()

    def reload(self) -> None:
        period, provider = self.period, self._provider
        self._loaded = True
        self.status_label.setText("Die Kennzahlen werden berechnet und geprüft …")
        self.ctx.runner.run(lambda: provider(period), self.show_release,
                            lambda message: self.show_release(None, error=message), owner=self)

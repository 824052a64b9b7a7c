package dev.flotilla.console.shell;

import dev.flotilla.console.fx.Theme;
import dev.flotilla.console.page.Notice;
import dev.flotilla.console.page.PageDescriptor;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

/**
 * A page's notice as a notification at the window's bottom right, titled with the page's name; a
 * click on it shows the page. When many come at once they fold into one, so a burst of dead letters
 * does not cover the window.
 */
final class PageNotifications {

    static final Duration SHOWN_FOR = Duration.seconds(8);
    private static final int AT_MOST = 3;

    private final ShellViewModel model;
    private final Node anchor;

    PageNotifications(ShellViewModel model, Node anchor) {
        this.model = model;
        this.anchor = anchor;
    }

    void show(PageDescriptor page, Notice notice) {
        Window owner = anchor.getScene() == null ? null : anchor.getScene().getWindow();
        if (owner == null || !owner.isShowing()) return; // no window yet, or no more: nobody to tell
        Notifications n = styled(Notifications.create().owner(owner).title(page.title()).text(notice.text())
                .onAction(e -> model.show(page)))
                .threshold(AT_MOST, styled(Notifications.create().owner(owner).title("Flotilla")
                        .text("More news than fits here; the pages have all of it")));
        switch (notice.level()) {
            case INFO -> n.showInformation();
            case WARNING -> n.showWarning();
            case ERROR -> n.showError();
        }
    }

    private Notifications styled(Notifications n) {
        n.position(Pos.BOTTOM_RIGHT).hideAfter(SHOWN_FOR).styleClass("flotilla-notification");
        return model.themeProperty().get() == Theme.DARK ? n.darkStyle() : n;
    }
}

package dev.flotilla.console.page;

/**
 * A page of the console, as one folder under {@code feature/} provides it: its descriptor, and how
 * to open it for a window. Pages are listed once, in {@code ConsolePages}; the shell knows none by
 * name, so adding a page touches no other page and no central switch.
 */
public interface Page {

    PageDescriptor descriptor();

    /**
     * Makes this page's view-models for one window. No scene graph yet: the view is built from the
     * result later, on the FX thread, so the models can be wired and tested without a window.
     */
    OpenPage open(PageContext context);
}

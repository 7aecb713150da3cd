package dev.maildock.web.ui;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Named;

/**
 * A one-line note ("Message sent.") shown once on the page an action redirects to. Kept in the
 * HTTP session between the POST and the GET that follows it, then removed: Faces' flash did not
 * carry messages across {@code ExternalContext.redirect} here.
 */
@Named("notice")
@RequestScoped
public class Notice {

    static final String SESSION_KEY = Notice.class.getName();

    private String text;
    private boolean taken;

    static void put(String text) {
        FacesContext.getCurrentInstance().getExternalContext().getSessionMap().put(SESSION_KEY, text);
    }

    /** The note, read once per request and then gone from the session. */
    public String getText() {
        if (!taken) {
            taken = true;
            Object stored = FacesContext.getCurrentInstance().getExternalContext().getSessionMap().remove(SESSION_KEY);
            text = stored == null ? "" : stored.toString();
        }
        return text;
    }
}

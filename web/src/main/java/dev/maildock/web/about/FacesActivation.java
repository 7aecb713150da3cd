package dev.maildock.web.about;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.faces.annotation.FacesConfig;

/** Turns on Faces' CDI integration (Faces 4.0 needs it declared once). */
@FacesConfig
@ApplicationScoped
public class FacesActivation {
}

package dev.maildock.web.api;

/** The one error shape of the API: {"error":"…"}. */
public record ApiError(String error) {
}

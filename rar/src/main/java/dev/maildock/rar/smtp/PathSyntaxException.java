package dev.maildock.rar.smtp;

/** A MAIL or RCPT argument that does not parse (answered with 501). */
final class PathSyntaxException extends Exception {

    PathSyntaxException(String message) {
        super(message, null, false, false);
    }
}

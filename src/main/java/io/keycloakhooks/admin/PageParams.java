package io.keycloakhooks.admin;

import java.util.Optional;

import jakarta.ws.rs.core.Response;

/** The {@code first} and {@code max} query parameters of the admin API's logs. */
final class PageParams {

    static final int MAX_PAGE = 500;

    private PageParams() {
    }

    /** A 400 naming the parameter that is out of range, or empty when both are fine. */
    static Optional<Response> refusal(int first, int max) {
        if (first < 0) {
            return Optional.of(ErrorResponses.of(Response.Status.BAD_REQUEST, "first", "first must be 0 or more"));
        }
        if (max < 1 || max > MAX_PAGE) {
            return Optional.of(ErrorResponses.of(Response.Status.BAD_REQUEST, "max",
                    "max must be between 1 and " + MAX_PAGE));
        }
        return Optional.empty();
    }
}

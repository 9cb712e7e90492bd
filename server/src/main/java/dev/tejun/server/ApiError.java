package dev.tejun.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The body of every error answer: {@code {"error":"…"}}, the refusal in English, and for the refusals
 * {@link ErrorCodes} knows {@code "codes":[{"code":…,"args":{…}}]}, which the web pages show in their language.
 */
public record ApiError(
        String error,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ErrorCodes.Coded> codes) {

    public ApiError(String error) {
        this(error, ErrorCodes.of(error));
    }
}

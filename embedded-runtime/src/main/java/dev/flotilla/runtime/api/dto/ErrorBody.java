package dev.flotilla.runtime.api.dto;

/** Every error answer: {@code {"error": {"code": "snake_case", "message": "what happened and what to do"}}}. */
public record ErrorBody(Error error) {

    public record Error(String code, String message) {}

    public static ErrorBody of(String code, String message) {
        return new ErrorBody(new Error(code, message));
    }
}

package io.stressfw.orchestrator.security;

/** Why a WebSocket command is refused: an HTTP-like status (403, 429) and a message for the error reply. */
public record CommandRefusal(int status, String message) {
}

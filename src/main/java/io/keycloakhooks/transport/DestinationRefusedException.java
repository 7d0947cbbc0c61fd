package io.keycloakhooks.transport;

/** A hook destination the destination policy refuses; the message says which and why. */
public class DestinationRefusedException extends Exception {

    public DestinationRefusedException(String message) {
        super(message);
    }
}

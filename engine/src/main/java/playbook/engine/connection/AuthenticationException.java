package playbook.engine.connection;

import playbook.engine.ConnectionException;

/**
 * The host answered but would not let us in, or a key could not be used (missing, unreadable,
 * encrypted without a passphrase, a wrong passphrase). Still UNREACHABLE for the run; the
 * connection keeper tells it apart from a host it cannot reach, because the run itself may do
 * better (it can ask for a passphrase on its terminal).
 */
final class AuthenticationException extends ConnectionException {
    AuthenticationException(String message) { super(message); }

    AuthenticationException(String message, Throwable cause) { super(message, cause); }
}

package playbook.engine.connection;

import net.schmizz.sshj.connection.channel.direct.Signal;

/** The number of a signal an SSH exit-signal names (as a shell reports it: 128 + number). */
final class SshSignals {
    private SshSignals() {}

    static int number(Signal s) {
        return switch (s) {
            case HUP -> 1;
            case INT -> 2;
            case QUIT -> 3;
            case ILL -> 4;
            case ABRT -> 6;
            case FPE -> 8;
            case KILL -> 9;
            case USR1 -> 10;
            case SEGV -> 11;
            case USR2 -> 12;
            case PIPE -> 13;
            case ALRM -> 14;
            case TERM -> 15;
            default -> 127;
        };
    }
}

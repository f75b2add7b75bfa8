package io.stressfw.agent.generator;

import java.util.Locale;
import java.util.Map;

/**
 * The shares of read, write and seek operations of the I/O generator; they need not sum to 1, they are normalised.
 * A seek moves to a random block and is followed by a read or a write there: every operation the generator counts is
 * one block read from or written to the device, and the seek share is how much of the access is random rather than
 * sequential.
 */
public record OperationMix(double read, double write, double seek) {
    public enum Operation { READ, WRITE, SEEK }

    public OperationMix {
        for (double share : new double[]{read, write, seek}) {
            if (Double.isNaN(share) || share < 0) {
                throw new IllegalArgumentException("operation mix shares must be >= 0, was " + share);
            }
        }
        if (read + write + seek <= 0) {
            throw new IllegalArgumentException("operation mix must have at least one share above 0");
        }
        if (read + write <= 0) {
            throw new IllegalArgumentException("operation mix needs a read or a write share above 0: a seek only moves "
                    + "to where the next read or write happens");
        }
    }

    /** From a map such as {read: 0.5, write: 0.4, seek: 0.1}; a missing share is 0, an unknown name is an error. */
    public static OperationMix of(Map<String, Double> shares) {
        for (String name : shares.keySet()) {
            if (!Map.of("read", 0, "write", 0, "seek", 0).containsKey(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("unknown operation '" + name + "' in operation_mix, expected read, write or seek");
            }
        }
        return new OperationMix(get(shares, "read"), get(shares, "write"), get(shares, "seek"));
    }

    private static double get(Map<String, Double> shares, String name) {
        return shares.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(0.0);
    }

    /** The operation a uniform draw in [0, 1) selects. */
    public Operation pick(double uniform) {
        double total = read + write + seek;
        double x = uniform * total;
        if (x < read) {
            return Operation.READ;
        }
        if (x < read + write) {
            return Operation.WRITE;
        }
        return seek > 0 ? Operation.SEEK : (write > 0 ? Operation.WRITE : Operation.READ);
    }

    /** After a seek: a read or a write, in proportion to their shares. */
    public Operation readOrWrite(double uniform) {
        return uniform * (read + write) < read ? Operation.READ : Operation.WRITE;
    }
}

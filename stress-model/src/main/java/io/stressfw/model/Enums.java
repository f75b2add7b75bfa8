package io.stressfw.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Case-insensitive enum parsing whose error lists the valid wire names. */
public final class Enums {
    private Enums() {
    }

    public static <E extends Enum<E>> E parse(Class<E> type, String name, String what) {
        if (name != null) {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equalsIgnoreCase(name.trim())) {
                    return constant;
                }
            }
        }
        String valid = Arrays.stream(type.getEnumConstants())
                .map(c -> c.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        throw new IllegalArgumentException("unknown " + what + " '" + name + "', expected one of " + valid);
    }
}

package io.github.sharedvis.run;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a row component holding a file's path relative to the run directory: {@link RunTable}
 * rejects a path that is absolute or leaves the run directory, and an empty one where it is required.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface RelativePath {
    /** @return whether the cell may be empty (no such file) */
    boolean required() default true;
}

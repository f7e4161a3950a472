package dev.enclave.placement.move;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.interceptor.InterceptorBinding;

/**
 * On a tenant's transactional write service: a transaction refused because the tenant has just been moved to another
 * database (the write guard's EN503, V65) is run again there, so the writes that waited out a move's cut-over
 * succeed instead of answering 503 ({@link FollowsMoveInterceptor}).
 */
@InterceptorBinding
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
public @interface FollowsMove {
}

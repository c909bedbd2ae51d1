package io.publicip.persistence.retry;

import io.micronaut.aop.Around;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The method's transaction is tried again, whole, after an abort that a retry can get past
 * ({@link TransactionRetry}). Put it beside {@code @Transactional}: it runs outside it, so each
 * try is a transaction of its own.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@Around
public @interface RetriedTransaction {
}

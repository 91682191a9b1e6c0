package io.leadwire.app;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catches SIGTERM and SIGINT before the JVM starts its exit, so a drain runs while the database
 * (whose driver closes itself in a shutdown hook) is still open, and the process can then exit
 * with status 0. Uses {@code sun.misc.Signal} (module jdk.unsupported) reflectively, because
 * compiling against it directly is an unsuppressible warning and the build treats warnings as
 * errors. If the API is missing, it falls back to a shutdown hook.
 */
final class SignalTrap {
    private static final Logger LOG = LoggerFactory.getLogger(SignalTrap.class);

    private SignalTrap() {
    }

    /** Runs {@code onStop} once on the first TERM or INT. */
    static void onStop(Runnable onStop) {
        Runnable once = new Runnable() {
            private boolean ran;

            @Override
            public synchronized void run() {
                if (!ran) {
                    ran = true;
                    onStop.run();
                }
            }
        };
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            InvocationHandler ih = (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                    Thread t = new Thread(once, "leadwire-stop");
                    t.start();
                    return null;
                }
                return defaultMethod(proxy, method, args);
            };
            Object handler = Proxy.newProxyInstance(SignalTrap.class.getClassLoader(), new Class<?>[] {handlerClass},
                    ih);
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            for (String name : new String[] {"TERM", "INT"}) {
                Object signal = signalClass.getConstructor(String.class).newInstance(name);
                handle.invoke(null, signal, handler);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("cannot trap signals ({}); stopping from a shutdown hook instead", e.toString());
            Runtime.getRuntime().addShutdownHook(new Thread(once, "leadwire-stop"));
        }
    }

    private static Object defaultMethod(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            case "toString" -> "leadwire signal handler";
            default -> null;
        };
    }
}

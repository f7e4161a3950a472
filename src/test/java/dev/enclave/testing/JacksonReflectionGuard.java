package dev.enclave.testing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Test-only: watches the application's ObjectMapper (the one REST, the REST client, the outbox and the settings store
 * use) and refuses to (de)serialize an application type that is not registered for reflection. Jackson reads records
 * and beans by reflection; in the native image that works only for registered classes, and Quarkus registers only
 * what it sees statically (declared resource return and body types), not what reaches Jackson through
 * {@code Response.entity(...)} or {@code ObjectMapper} calls. In a JVM test run nothing would notice; with this guard
 * the request that uses such a type fails, so every {@code @QuarkusTest} that touches it goes red.
 * {@code NativeReflectionTest} drives the known paths and reports what was seen.
 */
@Singleton
public class JacksonReflectionGuard implements ObjectMapperCustomizer {

    private static final Logger LOG = Logger.getLogger(JacksonReflectionGuard.class);

    private final ReflectionRegistry registry = ReflectionRegistry.ofApplication();
    private final Set<Class<?>> seen = ConcurrentHashMap.newKeySet();
    private final Set<Class<?>> unregistered = ConcurrentHashMap.newKeySet();

    @Override
    public void customize(ObjectMapper mapper) {
        SimpleModule module = new SimpleModule("native-reflection-guard");
        module.setSerializerModifier(new BeanSerializerModifier() {
            @Override
            public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription bean, JsonSerializer<?> serializer) {
                check(bean.getBeanClass(), "serialize");
                return serializer;
            }

            @Override
            public JsonSerializer<?> modifyEnumSerializer(SerializationConfig config, JavaType type, BeanDescription bean,
                    JsonSerializer<?> serializer) {
                check(bean.getBeanClass(), "serialize");
                return serializer;
            }
        });
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription bean,
                    JsonDeserializer<?> deserializer) {
                check(bean.getBeanClass(), "deserialize");
                return deserializer;
            }

            @Override
            public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type, BeanDescription bean,
                    JsonDeserializer<?> deserializer) {
                check(bean.getBeanClass(), "deserialize");
                return deserializer;
            }
        });
        mapper.registerModule(module);
    }

    private void check(Class<?> type, String what) {
        if (!registry.isApplicationClass(type)) {
            return; // libraries register their own types; test classes never reach a native image
        }
        seen.add(type);
        if (!registry.isRegistered(type)) {
            unregistered.add(type);
            String message = type.getName() + " reaches Jackson at run time (" + what + ") but is not registered for "
                    + "reflection: the native executable would fail on it. Add @RegisterForReflection to it.";
            LOG.error(message);
            throw new IllegalStateException(message);
        }
    }

    /** Application types Jackson built a (de)serializer for since the application started. */
    public Set<Class<?>> seen() {
        return Set.copyOf(seen);
    }

    public Set<Class<?>> unregistered() {
        return Set.copyOf(unregistered);
    }
}

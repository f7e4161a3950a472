// Creates or deletes one benchmark run's Kafka topics (bench/events.sh), like dev.enclave.testing.EventTopicsResource:
// the run's own topics, so it never sees another run's events. Run as a single-file program on the packaged
// service's classpath:  java -cp 'target/quarkus-app/lib/main/*' bench/events/Topics.java create|delete <topic:partitions>...
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

public class Topics {
    public static void main(String[] args) throws Exception {
        String bootstrap = System.getProperty("bootstrap", "127.0.0.1:9092");
        List<NewTopic> topics = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String[] spec = args[i].split(":");
            topics.add(new NewTopic(spec[0], spec.length > 1 ? Integer.parseInt(spec[1]) : 1, (short) 1));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30000))) {
            if (args[0].equals("create")) {
                admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
            } else {
                admin.deleteTopics(topics.stream().map(NewTopic::name).toList()).all().get(30, TimeUnit.SECONDS);
            }
        }
    }
}

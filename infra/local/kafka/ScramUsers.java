// Creates or replaces SCRAM-SHA-512 users on a running broker, as the admin: what `local.sh up`
// does for principals added after the storage was formatted, and `local.sh rotate kafka` for new
// passwords. A single-file program run from source with the broker's jars (Java 11+):
//
//   java -cp '.local/kafka/libs/*' infra/local/kafka/ScramUsers.java <host:port> <admin.properties> <users.properties>
//
// admin.properties holds the admin's client settings (SASL/SCRAM), users.properties `name=password`
// lines; both are files (mode 0600) so that no password appears on a command line.
import java.io.FileInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

public class ScramUsers {
  private static Properties load(String file) throws Exception {
    Properties properties = new Properties();
    try (FileInputStream in = new FileInputStream(file)) {
      properties.load(in);
    }
    return properties;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: ScramUsers <host:port> <admin.properties> <users.properties>");
      System.exit(64);
    }
    Properties client = load(args[1]);
    client.put("bootstrap.servers", args[0]);
    Properties users = load(args[2]);
    List<UserScramCredentialAlteration> alterations = new ArrayList<>();
    for (String name : users.stringPropertyNames()) {
      alterations.add(
          new UserScramCredentialUpsertion(
              name, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), users.getProperty(name)));
    }
    try (Admin admin = Admin.create(client)) {
      admin.alterUserScramCredentials(alterations).all().get();
    }
    System.out.println("kafka: SCRAM credentials set for " + String.join(", ", users.stringPropertyNames()));
  }
}

package floor;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.Map;

/** One JSON answer: what every request of the floor service does. */
@Path("/hello")
public class Hello {

    @GET
    public Map<String, String> hello() {
        return Map.of("hello", "world");
    }
}

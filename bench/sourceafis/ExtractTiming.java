import com.machinezoo.sourceafis.FingerprintImage;
import com.machinezoo.sourceafis.FingerprintImageOptions;
import com.machinezoo.sourceafis.FingerprintTemplate;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times SourceAFIS on fingerprint image files, decode and extraction apart, on this one thread.
 * Our benchmark harness, not part of SourceAFIS: it only calls its public API
 * ({@code new FingerprintTemplate(new FingerprintImage(bytes, new FingerprintImageOptions().dpi(dpi)))}).
 *
 * <p>Decode is {@code new FingerprintImage(bytes, options)} (ImageIO decode to a gray matrix), extraction is
 * {@code new FingerprintTemplate(image)} (which also rescales to 500 dpi when dpi differs). Each is measured
 * as this thread's CPU time (ThreadMXBean, so the JIT compiler's and the garbage collector's threads are
 * left out) and as the process's CPU time (everything the JVM spent, those threads included). The file is
 * read before the clock starts.
 *
 * <p>Two ways to run it:
 * <pre>
 *   java -cp CLASSPATH ExtractTiming --dpi 500 [--warmup 1] [--rounds 3] FILE...
 *       prints one line per image (median of the rounds) and the medians over images;
 *   java -cp CLASSPATH ExtractTiming --serve
 *       reads lines "DPI TAB PATH" on standard input and answers each with one line
 *       "decodeThreadNs decodeProcessNs extractThreadNs extractProcessNs templateBytes",
 *       so that bench/src/fingerprint-extract-vs-sourceafis.ts can alternate it with our extractor.
 * </pre>
 */
public final class ExtractTiming {
	private static final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
	private static final com.sun.management.OperatingSystemMXBean os =
		(com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

	/** Decode and extraction CPU times of one image, in nanoseconds. */
	private static final class Timing {
		long decodeThread, decodeProcess, extractThread, extractProcess;
		int templateBytes;
	}

	private static Timing time(byte[] bytes, double dpi) {
		Timing t = new Timing();
		long thread0 = threads.getCurrentThreadCpuTime();
		long process0 = os.getProcessCpuTime();
		FingerprintImage image = new FingerprintImage(bytes, new FingerprintImageOptions().dpi(dpi));
		long thread1 = threads.getCurrentThreadCpuTime();
		long process1 = os.getProcessCpuTime();
		FingerprintTemplate template = new FingerprintTemplate(image);
		long thread2 = threads.getCurrentThreadCpuTime();
		long process2 = os.getProcessCpuTime();
		t.decodeThread = thread1 - thread0;
		t.decodeProcess = process1 - process0;
		t.extractThread = thread2 - thread1;
		t.extractProcess = process2 - process1;
		// Serialized outside the timed span; its size shows the template is not empty.
		t.templateBytes = template.toByteArray().length;
		return t;
	}

	private static void serve() throws Exception {
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
		for (String line; (line = in.readLine()) != null;) {
			int tab = line.indexOf('\t');
			byte[] bytes = Files.readAllBytes(Path.of(line.substring(tab + 1)));
			Timing t = time(bytes, Double.parseDouble(line.substring(0, tab)));
			out.println(t.decodeThread + " " + t.decodeProcess + " " + t.extractThread + " " + t.extractProcess + " " + t.templateBytes);
			out.flush();
		}
	}

	private static double median(long[] xs) {
		long[] sorted = xs.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2] / 1e6;
	}

	public static void main(String[] args) throws Exception {
		double dpi = 500;
		int warmup = 1, rounds = 3;
		List<Path> files = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--serve": serve(); return;
				case "--dpi": dpi = Double.parseDouble(args[++i]); break;
				case "--warmup": warmup = Integer.parseInt(args[++i]); break;
				case "--rounds": rounds = Integer.parseInt(args[++i]); break;
				default: files.add(Path.of(args[i]));
			}
		}
		if (files.isEmpty()) {
			System.err.println("usage: ExtractTiming --serve | [--dpi N] [--warmup N] [--rounds N] FILE...");
			System.exit(2);
		}
		byte[][] bytes = new byte[files.size()][];
		for (int n = 0; n < bytes.length; n++) bytes[n] = Files.readAllBytes(files.get(n));
		for (int w = 0; w < warmup; w++) for (byte[] b : bytes) time(b, dpi);
		long[] decode = new long[bytes.length], extract = new long[bytes.length];
		for (int n = 0; n < bytes.length; n++) {
			long[] d = new long[rounds], e = new long[rounds];
			int size = 0;
			for (int r = 0; r < rounds; r++) {
				Timing t = time(bytes[n], dpi);
				d[r] = t.decodeThread;
				e[r] = t.extractThread;
				size = t.templateBytes;
			}
			Arrays.sort(d);
			Arrays.sort(e);
			decode[n] = d[rounds / 2];
			extract[n] = e[rounds / 2];
			System.out.printf("%s decode %.2f ms extract %.2f ms (thread CPU) template %d bytes%n",
				files.get(n).getFileName(), decode[n] / 1e6, extract[n] / 1e6, size);
		}
		System.out.printf("%d images, thread CPU p50: decode %.2f ms, extract %.2f ms%n", bytes.length, median(decode), median(extract));
	}
}

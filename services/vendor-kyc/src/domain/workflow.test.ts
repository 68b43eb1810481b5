import { isEditable, submissionAction, transition, TransitionRefused } from "./workflow.js";

describe("the KYC workflow", () => {
  it("submits a draft, and resubmits an application that was asked for information", () => {
    expect(transition("draft", "submit")).toBe("submitted");
    expect(transition("information-requested", "submit")).toBe("resubmitted");
    expect(submissionAction("draft")).toBe("submitted");
    expect(submissionAction("information-requested")).toBe("resubmitted");
  });

  it("lets an operator approve, reject or ask for more on a submitted or resubmitted application", () => {
    for (const status of ["submitted", "resubmitted"] as const) {
      expect(transition(status, "approve")).toBe("approved");
      expect(transition(status, "reject")).toBe("rejected");
      expect(transition(status, "request-info")).toBe("information-requested");
    }
  });

  it("refuses to decide an application twice, or before it is submitted, saying why", () => {
    const refused = transition("approved", "approve");
    expect(refused).toBeInstanceOf(TransitionRefused);
    expect((refused as TransitionRefused).message).toBe("The application cannot be approved: it is already approved.");
    expect((transition("draft", "approve") as TransitionRefused).message).toBe(
      "The application cannot be approved: it has not been submitted yet.",
    );
    expect((transition("rejected", "request-info") as TransitionRefused).message).toBe(
      "The application cannot be asked for more information: it was rejected, which is final.",
    );
    expect(transition("information-requested", "approve")).toBeInstanceOf(TransitionRefused);
  });

  it("refuses to submit an application under review or decided", () => {
    for (const status of ["submitted", "resubmitted", "approved", "rejected"] as const)
      expect(transition(status, "submit")).toBeInstanceOf(TransitionRefused);
  });

  it("opens the application for changes only as a draft or while information is requested", () => {
    expect(isEditable("draft")).toBe(true);
    expect(isEditable("information-requested")).toBe(true);
    for (const status of ["submitted", "resubmitted", "approved", "rejected"] as const)
      expect(isEditable(status)).toBe(false);
  });
});

/** TestState: one state run once, with mocks, inspection data and the decision AWS would take next. */
export { testState } from './evaluate';
export { TestStateRefusal } from './types';
export type {
  ErrorDetails,
  InspectionData,
  InspectionLevel,
  StateMock,
  TestExecutionStatus,
  TestStateConfiguration,
  TestStateParams,
  TestStatePorts,
  TestStateResult,
} from './types';

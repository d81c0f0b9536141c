/**
 * The firmware simulator's programmatic API, for tests and `npm start`: `startSimulator` and the
 * device classes with their fault switches.
 */
export { type Call, client, must, signIn } from './cloud-client.ts';
export { type Faults, noFaults } from './faults.ts';
export { MqttLockDevice } from './mqtt-lock-device.ts';
export { MqttSensorDevice, type SensorKind } from './mqtt-sensor-devices.ts';
export { SerialLockBoard, SerialQrReaderSim } from './serial-lock-board.ts';
export { type Simulator, type SimulatorOptions, startSimulator } from './simulator.ts';

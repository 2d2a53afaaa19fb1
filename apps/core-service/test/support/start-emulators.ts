import { startEmulators } from './emulators';

export default startEmulators;

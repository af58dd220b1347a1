/* unit.h — the shared shape of every CUnit test binary.
 *
 * A test file defines its cases and a table, then ends with UNIT_MAIN:
 *
 *   static CU_TestInfo cases[] = { {"parses echo", test_echo}, CU_TEST_INFO_NULL };
 *   UNIT_MAIN("icmp", cases)
 *
 * The binary prints CUnit's verbose report and, last, one line that tests/run.sh
 * adds up:  "unit icmp: N passed, N failed". Exit status is 1 on any failure.
 * UNIT_MAIN_FIXTURE(name, cases, init, clean) does the same around a suite set-up and
 * tear-down (CUnit's int (*)(void), 0 for success); a set-up that fails is a failure. */
#ifndef NETDX_TESTS_UNIT_H
#define NETDX_TESTS_UNIT_H

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>
#include <stdio.h>

#define UNIT_MAIN(name, cases) UNIT_MAIN_FIXTURE(name, cases, NULL, NULL)

#define UNIT_MAIN_FIXTURE(name, cases, init, clean)                                                \
	int main(void)                                                                             \
	{                                                                                          \
		CU_SuiteInfo suites[] = {{name, init, clean, NULL, NULL, cases},                   \
					 CU_SUITE_INFO_NULL};                                      \
		if (CU_initialize_registry() != CUE_SUCCESS ||                                     \
		    CU_register_suites(suites) != CUE_SUCCESS)                                     \
			return 2;                                                                  \
		CU_basic_set_mode(CU_BRM_VERBOSE);                                                 \
		CU_basic_run_tests();                                                              \
		unsigned run = CU_get_number_of_tests_run();                                       \
		unsigned failed = CU_get_number_of_tests_failed();                                 \
		printf("unit %s: %u passed, %u failed\n", name, run - failed,                      \
		       failed + CU_get_number_of_suites_failed());                                 \
		CU_cleanup_registry();                                                             \
		return failed + CU_get_number_of_suites_failed() ? 1 : 0;                          \
	}

#endif
